// The scenario loader: YAML text parsed, every rule checked, issues collected.
import Scenario

func fuzzOne(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self) else { return }
    _ = try? ScenarioLoader.load(yaml: text, file: "fuzz.yaml")
}
