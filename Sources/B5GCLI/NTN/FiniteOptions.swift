import ArgumentParser

/// Refuses non-finite values of floating-point options. `Double` options parse "nan" and "inf"
/// like numbers, and the models would then print nan or 0 as if it were a result; every command of
/// `b5g ntn` and `b5g phy` calls this first in `validate()`, naming its options.
/// - Parameter options: each option's name and value (nil when not given).
func requireFinite(_ options: KeyValuePairs<String, Double?>) throws {
    for (name, value) in options {
        if let value, !value.isFinite { throw ValidationError("\(name) must be a finite number, got \(value)") }
    }
}
