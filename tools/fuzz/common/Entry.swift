// libFuzzer's entry point, shared by every target: each target file defines `fuzzOne`.
// A decoder may throw on any input; it must never trap (a trap is the crash libFuzzer reports).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzOne(bytes)
    return 0
}
