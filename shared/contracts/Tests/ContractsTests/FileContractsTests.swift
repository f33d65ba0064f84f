import Contracts
import Foundation
import Testing

@Suite("Files: record ids, status snapshots", .timeLimit(.minutes(1)))
struct FileContractsTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func sha256MatchesTheStandardsVectors() {
        #expect(Self.hex(SHA256Digest.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Self.hex(SHA256Digest.hash(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Self.hex(SHA256Digest.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Self.hex(SHA256Digest.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000)))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func recordIDsDependOnTheFileAndIndexOnly() {
        let file = UUID(uuidString: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")!
        let first = FileRecordID.make(fileID: file, index: 0)
        #expect(first == FileRecordID.make(fileID: file, index: 0))
        // SHA-256(file bytes ‖ 0 as 8 bytes), first 16 bytes, version 8 and the RFC 4122 variant.
        var message = Array(file.uuidString.lowercased().replacingOccurrences(of: "-", with: "").utf8)
        message = stride(from: 0, to: 32, by: 2).map {
            UInt8(String(decoding: message[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
        var expected = Array(SHA256Digest.hash(message + [UInt8](repeating: 0, count: 8)).prefix(16))
        expected[6] = expected[6] & 0x0F | 0x80
        expected[8] = expected[8] & 0x3F | 0x80
        #expect(Self.hex(withUnsafeBytes(of: first.uuid) { Array($0) }) == Self.hex(expected))
        #expect(first.uuidString.lowercased().dropFirst(14).first == "8")
        var seen: Set<UUID> = []
        for index in 0..<5_000 { seen.insert(FileRecordID.make(fileID: file, index: index)) }
        for index in 0..<100 { seen.insert(FileRecordID.make(fileID: UUID(), index: index)) }
        #expect(seen.count == 5_100)
    }

    @Test func theSnapshotsMembersAreWhatContractCodingWrites() throws {
        let snapshot = FileStatusSnapshot(
            fileID: UUID(), status: .failed, sizeBytes: 99, bytesProcessed: 40, recordsProcessed: 3, recordsStored: 2,
            recordsRejected: 1, error: "expected a record, found ','", errorLine: 2, errorColumn: 7)
        var writer = JSONWriter()
        writer.byte(UInt8(ascii: "{"))
        snapshot.writeMembers(into: &writer)
        writer.byte(UInt8(ascii: "}"))
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == String(decoding: try ContractCoding.encode(snapshot), as: UTF8.self))
        #expect(try ContractCoding.decode(FileStatusSnapshot.self, from: Data(writer.bytes)) == snapshot)
        #expect(
            FileStatus.completedWithErrors.rawValue == "completed_with_errors" && FileStatus.completedWithErrors.isFinal
        )
        #expect(!FileStatus.processing.isFinal)
    }
}
