/// The best `capacity` candidates of a scan, kept in a bounded min-heap (partial
/// selection: O(n log k) for n UEs instead of sorting them all). Storage is allocated once.
struct CandidateHeap {
    let capacity: Int
    private let keys: UnsafeMutablePointer<UInt64>
    private let ues: UnsafeMutablePointer<Int32>
    private(set) var count = 0
    /// Candidates kept this slot, at most `capacity`.
    private var limit: Int
    /// Position of the next candidate handed out by `popBest` after `sortDescending`.
    private var cursor = 0

    init(capacity: Int) {
        self.capacity = capacity
        limit = capacity
        keys = .allocate(capacity: max(capacity, 1))
        ues = .allocate(capacity: max(capacity, 1))
    }

    func deallocate() {
        keys.deallocate()
        ues.deallocate()
    }

    /// Empties the heap and sets how many candidates it keeps (at most `capacity`).
    @inline(__always) mutating func removeAll(keeping limit: Int) {
        count = 0
        cursor = 0
        self.limit = min(limit, capacity)
    }

    /// `a` ranks below `b`: smaller key, or equal key and larger UE index.
    @inline(__always) private static func below(_ ka: UInt64, _ ua: Int32, _ kb: UInt64, _ ub: Int32) -> Bool {
        ka < kb || (ka == kb && ua > ub)
    }

    /// Offers a candidate; kept when it ranks above the worst of a full heap.
    @inline(__always) mutating func offer(key: UInt64, ue: Int32) {
        if count < limit {
            var child = count
            count &+= 1
            while child > 0 {
                let parent = (child &- 1) >> 1
                if Self.below(key, ue, keys[parent], ues[parent]) {
                    keys[child] = keys[parent]
                    ues[child] = ues[parent]
                    child = parent
                } else {
                    break
                }
            }
            keys[child] = key
            ues[child] = ue
            return
        }
        // Fast reject: most UEs of a large cell stop here.
        if count == 0 || !Self.below(keys[0], ues[0], key, ue) { return }
        var parent = 0
        while true {
            var child = 2 &* parent &+ 1
            if child >= count { break }
            if child &+ 1 < count && Self.below(keys[child &+ 1], ues[child &+ 1], keys[child], ues[child]) {
                child &+= 1
            }
            if Self.below(keys[child], ues[child], key, ue) {
                keys[parent] = keys[child]
                ues[parent] = ues[child]
                parent = child
            } else {
                break
            }
        }
        keys[parent] = key
        ues[parent] = ue
    }

    /// Orders the kept candidates best first (insertion sort: k is small) and rewinds.
    mutating func sortDescending() {
        if count > 1 {
            for i in 1..<count {
                let k = keys[i]
                let u = ues[i]
                var j = i
                while j > 0 && Self.below(keys[j &- 1], ues[j &- 1], k, u) {
                    keys[j] = keys[j &- 1]
                    ues[j] = ues[j &- 1]
                    j &-= 1
                }
                keys[j] = k
                ues[j] = u
            }
        }
        cursor = 0
    }

    /// Whether `popBest` has more candidates.
    @inline(__always) var hasMore: Bool { cursor < count }

    /// The next best candidate after `sortDescending`.
    @inline(__always) mutating func popBest() -> Int {
        let ue = Int(ues[cursor])
        cursor &+= 1
        return ue
    }
}
