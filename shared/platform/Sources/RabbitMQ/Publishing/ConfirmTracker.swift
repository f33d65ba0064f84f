/// The publishes of one confirm-mode channel that the broker has not confirmed yet, by delivery tag.
///
/// The broker numbers the publishes of a channel 1, 2, 3 … and confirms them with basic.ack or
/// basic.nack, either one tag or, with `multiple`, every tag up to and including it. A mandatory
/// message no queue took is first sent back (basic.return, which names no tag but carries the
/// message id) and then acked: the tracker remembers the return and reports that message as
/// returned when its ack comes. Pure bookkeeping, confined to the connection thread.
struct ConfirmTracker<Waiter> {
    enum Outcome: Equatable {
        case confirmed
        case nacked
        case returned(replyCode: UInt16, replyText: String)
    }

    /// What errors about a publish name: its message id and where it was sent.
    struct Published {
        let messageID: String
        let exchange: String
        let routingKey: String
    }

    struct Resolution {
        let waiter: Waiter
        let published: Published
        let outcome: Outcome
    }

    private struct Pending {
        let published: Published
        let waiter: Waiter
        var returned: (replyCode: UInt16, replyText: String)?
    }

    private var pending: [UInt64: Pending] = [:]
    /// Every tag below this one is resolved.
    private var lowestUnresolved: UInt64 = 1
    /// The tag the next publish gets.
    private(set) var nextTag: UInt64 = 1

    var count: Int { pending.count }
    var isEmpty: Bool { pending.isEmpty }

    /// Records a publish about to be sent and returns its delivery tag.
    mutating func register(_ published: Published, waiter: Waiter) -> UInt64 {
        let tag = nextTag
        nextTag += 1
        pending[tag] = Pending(published: published, waiter: waiter)
        return tag
    }

    /// Notes a basic.return: the oldest unconfirmed, not yet returned publish with this message id
    /// is reported as returned when its confirm arrives. False when no such publish is pending.
    mutating func markReturned(messageID: String, replyCode: UInt16, replyText: String) -> Bool {
        var tag = lowestUnresolved
        while tag < nextTag {
            if var entry = pending[tag], entry.published.messageID == messageID, entry.returned == nil {
                entry.returned = (replyCode, replyText)
                pending[tag] = entry
                return true
            }
            tag += 1
        }
        return false
    }

    /// Applies a basic.ack (`acknowledged`) or basic.nack and returns the publishes it settles.
    mutating func resolve(deliveryTag: UInt64, multiple: Bool, acknowledged: Bool) -> [Resolution] {
        var settled: [Resolution] = []
        let first = multiple ? lowestUnresolved : deliveryTag
        let tags = first...max(first, deliveryTag)
        if multiple { settled.reserveCapacity(Int(tags.count)) }
        for tag in tags {
            guard let entry = pending.removeValue(forKey: tag) else { continue }
            let outcome: Outcome =
                if !acknowledged {
                    .nacked
                } else if let returned = entry.returned {
                    .returned(replyCode: returned.replyCode, replyText: returned.replyText)
                } else {
                    .confirmed
                }
            settled.append(Resolution(waiter: entry.waiter, published: entry.published, outcome: outcome))
        }
        advanceLowest()
        return settled
    }

    /// Forgets every pending publish (the channel is gone) and returns them, oldest first; the
    /// next publish gets tag 1 again, as on a new channel.
    mutating func removeAll() -> [(waiter: Waiter, published: Published)] {
        let all = pending.sorted { $0.key < $1.key }.map { ($0.value.waiter, $0.value.published) }
        pending.removeAll(keepingCapacity: true)
        lowestUnresolved = 1
        nextTag = 1
        return all
    }

    private mutating func advanceLowest() {
        while lowestUnresolved < nextTag, pending[lowestUnresolved] == nil { lowestUnresolved += 1 }
    }
}
