import Testing

@testable import RabbitMQ

@Suite("Messages assembled from frames", .timeLimit(.minutes(1)))
struct ContentAssemblerTests {
    @Test func aBodyInOneFrameCompletesTheMessage() {
        var assembler = ContentAssembler<String>()
        assembler.begin("deliver-1", on: 2)
        let afterHeader = assembler.header(RabbitMQMessageProperties(messageID: "m1"), bodySize: 3, on: 2)
        let message = assembler.body([1, 2, 3], on: 2)
        #expect(afterHeader == nil)
        #expect(message?.method == "deliver-1")
        #expect(message?.body == [1, 2, 3])
        #expect(message?.properties.messageID == "m1")
        #expect(message?.channel == 2)
    }

    @Test func aBodySplitOverFramesIsJoinedInOrder() {
        var assembler = ContentAssembler<String>()
        assembler.begin("d", on: 1)
        _ = assembler.header(RabbitMQMessageProperties(), bodySize: 5, on: 1)
        let partial = [assembler.body([1, 2], on: 1), assembler.body([3, 4], on: 1)]
        let complete = assembler.body([5], on: 1)
        #expect(partial.allSatisfy { $0 == nil })
        #expect(complete?.body == [1, 2, 3, 4, 5])
    }

    @Test func anEmptyBodyCompletesAtTheHeader() {
        var assembler = ContentAssembler<String>()
        assembler.begin("d", on: 1)
        let message = assembler.header(RabbitMQMessageProperties(), bodySize: 0, on: 1)
        #expect(message?.body == [])
    }

    @Test func channelsAreAssembledIndependently() {
        var assembler = ContentAssembler<String>()
        assembler.begin("on-1", on: 1)
        assembler.begin("on-2", on: 2)
        _ = assembler.header(RabbitMQMessageProperties(), bodySize: 1, on: 1)
        _ = assembler.header(RabbitMQMessageProperties(), bodySize: 1, on: 2)
        let second = assembler.body([2], on: 2)
        let first = assembler.body([1], on: 1)
        #expect(second?.method == "on-2")
        #expect(first?.method == "on-1")
    }

    @Test func framesWithoutAMethodOrAfterADiscardAreIgnored() {
        var assembler = ContentAssembler<String>()
        let orphanHeader = assembler.header(RabbitMQMessageProperties(), bodySize: 0, on: 1)
        assembler.begin("d", on: 1)
        _ = assembler.header(RabbitMQMessageProperties(), bodySize: 2, on: 1)
        assembler.discard(channel: 1)
        let orphanBody = assembler.body([1, 2], on: 1)
        #expect(orphanHeader == nil)
        #expect(orphanBody == nil)
    }
}
