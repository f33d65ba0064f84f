import Foundation
import ServiceKit
import Testing

@testable import LogAPICore

@Suite("file cursors and settings", .timeLimit(.minutes(1)))
struct FileCursorTests {
    @Test func listCursorsReadBackExactly() throws {
        let position = FileListPosition(
            createdAtMicroseconds: 1_765_130_000_123_456, id: UUID(uuidString: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")!)
        let token = FileCursor.token(for: position)
        #expect(token.count == 34)
        #expect(FileCursor.listPosition(token) == position)
        #expect(FileCursor.errorIndex(token) == nil)
    }

    @Test func errorCursorsReadBackExactly() throws {
        for index: Int64 in [0, 1, 9, 1_000_000_007] {
            let token = FileCursor.token(forErrorIndex: index)
            #expect(FileCursor.errorIndex(token) == index)
            #expect(FileCursor.listPosition(token) == nil)
        }
    }

    /// Empty, short, not base64url, another version, padded, a negative index.
    @Test(arguments: ["", "x", "!!!!!!!!!!!!", "AgAAAAAAAAAB", "AQAAAAAAAAAB=", "Af__________"])
    func damagedCursorsAreRefused(token: String) {
        #expect(FileCursor.errorIndex(token) == nil)
        #expect(FileCursor.listPosition(token) == nil)
    }

    @Test func durations() throws {
        #expect(EnvironmentReader.parseDuration("250ms") == .milliseconds(250))
        #expect(EnvironmentReader.parseDuration("30") == .seconds(30))
        #expect(EnvironmentReader.parseDuration("30s") == .seconds(30))
        #expect(EnvironmentReader.parseDuration("10m") == .seconds(600))
        #expect(EnvironmentReader.parseDuration("1h") == .seconds(3600))
        #expect(EnvironmentReader.parseDuration("1.5s") == nil)
        #expect(EnvironmentReader.parseDuration("-1s") == nil)
        #expect(EnvironmentReader.parseDuration("s") == nil)
    }

    @Test func fileSettingsHaveTheirDefaultsAndRefuseNonsense() throws {
        let defaults = try FileSweepConfig(environment: EnvironmentReader([:]))
        let expected = FileSweepConfig(interval: .seconds(30), requeueAfter: .seconds(60), orphanAfter: .seconds(600))
        #expect(defaults == expected)
        let upload = try FileUploadConfig(environment: EnvironmentReader([:]))
        #expect(upload.maxBytes == 256 * 1024 * 1024)
        #expect(upload.exchange == "files" && upload.queue == "files.process")
        #expect(throws: ConfigurationError.self) {
            _ = try FileSweepConfig(environment: EnvironmentReader(["FILE_SWEEP_INTERVAL": "soon"]))
        }
        #expect(throws: ConfigurationError.self) {
            _ = try FileUploadConfig(environment: EnvironmentReader(["FILE_MAX_BYTES": "0"]))
        }
        let set = try FileSweepConfig(
            environment: EnvironmentReader([
                "FILE_SWEEP_INTERVAL": "200ms", "FILE_REQUEUE_AFTER": "0", "FILE_ORPHAN_AFTER": "2m",
            ]))
        #expect(set == FileSweepConfig(interval: .milliseconds(200), requeueAfter: .zero, orphanAfter: .seconds(120)))
    }
}
