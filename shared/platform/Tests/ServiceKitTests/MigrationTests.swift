import Testing

@testable import ServiceKit

@Suite("Migrations", .timeLimit(.minutes(1)))
struct MigrationTests {
    @Test func checksumIsStableAndSeesEveryStatement() {
        let first = Migration(version: 1, name: "create", statements: ["CREATE TABLE a (id int)"])
        #expect(
            first.checksum == Migration(version: 1, name: "renamed", statements: ["CREATE TABLE a (id int)"]).checksum)
        #expect(
            first.checksum != Migration(version: 1, name: "create", statements: ["CREATE TABLE a (id bigint)"]).checksum
        )
        // Statement boundaries count: ["ab", "c"] and ["a", "bc"] differ.
        #expect(
            Migration(version: 1, name: "x", statements: ["ab", "c"]).checksum
                != Migration(version: 1, name: "x", statements: ["a", "bc"]).checksum)
    }

    @Test func lockKeyIsAFixedValue() {
        // The key is shared by every service and every replica: it must never depend on the process.
        #expect(MigrationRunner.lockKey == MigrationRunner.lockKey)
        var hash = FNV1a()
        hash.combine("tributary.schema-migrations".utf8)
        #expect(MigrationRunner.lockKey == Int64(bitPattern: hash.value))
    }

    @Test func fnv1aMatchesTheReferenceVectors() {
        var empty = FNV1a()
        empty.combine([UInt8]())
        #expect(empty.value == 0xcbf2_9ce4_8422_2325)
        var a = FNV1a()
        a.combine("a".utf8)
        #expect(a.value == 0xaf63_dc4c_8601_ec8c)
    }
}
