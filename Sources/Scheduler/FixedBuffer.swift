/// A fixed-size buffer allocated once at cell setup and freed by its owner's `deinit`.
///
/// The hot path indexes raw memory: no copy-on-write uniqueness check, no exclusivity
/// check, no bounds check in release builds (asserted in debug builds).
struct FixedBuffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, initialValue: Element) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        base.initialize(repeating: initialValue, count: max(count, 1))
    }

    @inline(__always) subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "FixedBuffer index out of range")
            return base[index]
        }
        nonmutating set {
            assert(index >= 0 && index < count, "FixedBuffer index out of range")
            base[index] = newValue
        }
    }

    func fill(_ value: Element) {
        base.update(repeating: value, count: count)
    }

    func deallocate() {
        base.deinitialize(count: max(count, 1))
        base.deallocate()
    }
}
