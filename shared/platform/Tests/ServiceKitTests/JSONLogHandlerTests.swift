import Foundation
import Logging
import Synchronization
import Testing

@testable import ServiceKit

@Suite("JSON lines logging", .timeLimit(.minutes(1)))
struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let captured = Mutex<[String]>([])
        func append(_ line: String) { captured.withLock { $0.append(line) } }
    }

    @Test func eachEventIsOneParseableLineWithMetadata() throws {
        let lines = Lines()
        var logger = Logger(label: "test.label") { label in
            JSONLogHandler(label: label, service: "log-api", level: .info, sink: lines.append)
        }
        logger[metadataKey: "request_id"] = "r-1"
        logger.debug("hidden below the level")
        logger.info("stored \"batch\"\nnext", metadata: ["count": "3", "ids": .array(["a", "b"])])

        let captured = lines.captured.withLock { $0 }
        #expect(captured.count == 1)
        let line = try #require(captured.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["service"] as? String == "log-api")
        #expect(object["logger"] as? String == "test.label")
        #expect(object["msg"] as? String == "stored \"batch\"\nnext")
        #expect(object["request_id"] as? String == "r-1")
        #expect(object["count"] as? String == "3")
        #expect(object["ids"] as? [String] == ["a", "b"])
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func errorsCarryTheirSource() throws {
        let lines = Lines()
        let logger = Logger(label: "x") { JSONLogHandler(label: $0, service: "s", level: .trace, sink: lines.append) }
        logger.error("failed")
        let line = try #require(lines.captured.withLock { $0.first })
        #expect(line.contains(#""source":"#))
    }

    @Test func controlCharactersAreEscaped() {
        #expect(JSONLogHandler.quoted("a\u{01}b\\") == #""a\u0001b\\""#)
    }
}
