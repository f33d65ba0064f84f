/// A bounded queue between the task that reads a consumer's messages and one lane that processes
/// them: `put` waits while `capacity` items wait, `take` waits while none does, and `finish` ends
/// the lane once what was put is taken. One putter and one taker.
actor LaneQueue<Item: Sendable> {
    private var items: [Item] = []
    private var finished = false
    private var taker: CheckedContinuation<Item?, Never>?
    private var putter: CheckedContinuation<Void, Never>?
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity >= 1, "a lane holds at least one item")
        self.capacity = capacity
    }

    func put(_ item: Item) async {
        while items.count >= capacity {
            await withCheckedContinuation { putter = $0 }
        }
        if let waiting = taker {
            taker = nil
            waiting.resume(returning: item)
        } else {
            items.append(item)
        }
    }

    /// The next item, or nil once finished and empty.
    func take() async -> Item? {
        if !items.isEmpty {
            let item = items.removeFirst()
            if let waiting = putter {
                putter = nil
                waiting.resume()
            }
            return item
        }
        if finished { return nil }
        return await withCheckedContinuation { taker = $0 }
    }

    func finish() {
        finished = true
        if let waiting = taker {
            taker = nil
            waiting.resume(returning: nil)
        }
    }
}
