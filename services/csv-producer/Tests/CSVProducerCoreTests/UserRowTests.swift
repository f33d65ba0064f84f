import Contracts
import Foundation
import Testing

@testable import CSVProducerCore

@Suite("users CSV rows", .timeLimit(.minutes(1)))
struct UserRowTests {
    @Test func aValidRowBecomesAUserWithNoneAsNil() throws {
        let user = try UserRow.parse(
            row(17, "5", "Ann", "Lee, Jr", " ann@example.com ", "1700000000", "-1", "-1", "-1")
        )
        .get()
        #expect(
            user
                == UserRecord(
                    id: 5, firstName: "Ann", lastName: "Lee, Jr", emailAddress: "ann@example.com",
                    createdAt: 1_700_000_000,
                    deletedAt: nil, mergedAt: nil, parentUserID: nil))
        let merged = try UserRow.parse(row(2, "6", "B", "C", "b@c.io", "1", "2", "3", "5")).get()
        let accented = try UserRow.parse(row(3, " 7 ", "Zoë", "Ü", " zoë@exämple.çö ", "1", "-1", "-1", "-1")).get()
        #expect(accented.id == 7 && accented.emailAddress == "zoë@exämple.çö")
        #expect(merged.deletedAt == 2 && merged.mergedAt == 3 && merged.parentUserID == 5)
    }

    /// The CSV's own syntax, and that each of the shared rules (``UserRecordRules``, tested in
    /// Contracts) is applied to its column: one case per rule, worded `bad <column> "<field>": …`.
    @Test(arguments: [
        (["x", "A", "B", "a@b.io", "1", "-1", "-1", "-1"], #"bad id "x": not an integer"#),
        (["0", "A", "B", "a@b.io", "1", "-1", "-1", "-1"], #"bad id "0": must be a positive integer"#),
        (["1", " ", "B", "a@b.io", "1", "-1", "-1", "-1"], #"bad first_name " ": must not be only white space"#),
        (
            ["1", "A", "a\u{0}b", "a@b.io", "1", "-1", "-1", "-1"],
            "bad last_name \"a\u{0}b\": must not contain a control"
        ),
        (
            ["1", "A", "B", "x@", "1", "-1", "-1", "-1"],
            #"bad email_address "x@": is not an e-mail address: no domain after the @"#
        ),
        (["1", "A", "B", "a@b.io", "-2", "-1", "-1", "-1"], #"bad created_at "-2": must be Unix seconds from 0 to"#),
        (
            ["1", "A", "B", "a@b.io", "1", "-1", "253402300800", "-1"],
            #"bad merged_at "253402300800": must be Unix seconds from 0 to 253402300799"#
        ),
        (["1", "A", "B", "a@b.io", "1", "soon", "-1", "-1"], #"bad deleted_at "soon": not an integer"#),
        (["1", "A", "B", "a@b.io", "1", "-1", "-1", "0"], #"bad parent_user_id "0": must be a positive integer"#),
        (["1", "A", "B"], "wrong column count: expected 8, found 3"),
    ])
    func invalidRowsSayWhy(fields: [String], reason: String) throws {
        guard case .failure(let rejection) = UserRow.parse(CSVRecord(line: 17, fields: fields)) else {
            Issue.record("accepted \(fields)")
            return
        }
        #expect(rejection.message.hasPrefix("line 17: \(reason)"), "\(rejection.message)")
        #expect(rejection.fields == fields)
    }

    @Test func everyReasonOfARowIsGivenInColumnOrder() throws {
        guard case .failure(let rejection) = UserRow.parse(row(3, "-4", "", "B", "x@", "x", "-1", "-1", "-1")) else {
            Issue.record("accepted")
            return
        }
        let columns = rejection.reasons.map { $0.split(separator: " ")[1] }
        #expect(columns == ["id", "first_name", "email_address", "created_at"], "\(rejection.reasons)")
    }

    @Test func parserProblemsRejectTheRow() {
        let record = CSVRecord(line: 9, fields: ["1"], problem: "unterminated quoted field")
        guard case .failure(let rejection) = UserRow.parse(record) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.message == "line 9: unterminated quoted field")
    }

    @Test func headerIsChecked() {
        #expect(UserRow.headerProblem(CSVRecord(line: 1, fields: UserRow.columns)) == nil)
        #expect(UserRow.headerProblem(CSVRecord(line: 1, fields: ["id", "name"])) != nil)
    }

    @Test func messageIDsDependOnlyOnTheRow() {
        let fields = ["5", "Ann", "Lee", "ann@example.com", "1", "-1", "-1", "-1"]
        let first = UserMessageID(userID: 5, fields: fields)
        #expect(first == UserMessageID(userID: 5, fields: fields))
        #expect(first.messageID.hasPrefix("user-5-"))
        #expect(first.messageID.count == "user-5-".count + 16)
        var changed = fields
        changed[2] = "Leigh"
        #expect(UserMessageID(userID: 5, fields: changed) != first)
        #expect(UserMessageID(userID: 5, fields: ["ab", "c"]) != UserMessageID(userID: 5, fields: ["a", "bc"]))
        // Pinned: a change of the hash would make a re-published file look new.
        #expect(first.messageID == "user-5-b748401dc5669a9e")
        #expect(first.uuid.uuidString.lowercased().dropFirst(14).first == "8")
    }

    @Test func aMessageOfSeveralRowsHasAnIDOfItsRowsInOrder() {
        let rows = (1...3).map { UserMessageID(userID: Int64($0), fields: ["\($0)", "N\($0)"]) }
        let batch = UserMessageID(rows: rows, firstUserID: 1)
        #expect(batch == UserMessageID(rows: rows, firstUserID: 1))
        #expect(batch.messageID.hasPrefix("users-1-3-"))
        #expect(UserMessageID(rows: rows.reversed(), firstUserID: 1) != batch)
        #expect(UserMessageID(rows: rows.prefix(2), firstUserID: 1) != batch)
        #expect(batch.uuid != rows[0].uuid)
    }

    private func row(_ line: Int, _ fields: String...) -> CSVRecord { CSVRecord(line: line, fields: fields) }
}

@Suite("users CSV file reader", .timeLimit(.minutes(1)))
struct UserFileReaderTests {
    @Test func readsAFileInBatchesAndWritesTheRejects() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csvp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("users.csv").path
        let rejects = directory.appendingPathComponent("rejects.csv").path
        var text = UserRow.columns.joined(separator: ",") + "\n"
        for id in 1...5000 { text += "\(id),First \(id),\"Last, \(id)\",u\(id)@example.com,1700000000,-1,-1,-1\n" }
        text += "0,Bad,Id,bad@example.com,1,-1,-1,-1\n"
        try text.write(toFile: input, atomically: true, encoding: .utf8)

        let reader = UserFileReader(path: input, rejectsPath: rejects)
        var users = 0
        var rejections: [RowRejection] = []
        var batches = 0
        while let batch = try await reader.next() {
            users += batch.users.count
            rejections += batch.rejections
            batches += 1
        }
        #expect(users == 5000)
        #expect(batches > 1)
        #expect(rejections.map(\.line) == [5002])
        let written = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(written.hasPrefix("line,reason,id,"))
        #expect(written.contains("5002,\"bad id \"\"0\"\": must be a positive integer\",0,Bad,Id,"))
    }

    @Test func aWrongHeaderStopsTheRead() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csvp-\(UUID().uuidString).csv").path
        try "name,email\nAnn,a@b.io\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        await #expect(throws: UserFileReader.ReadError.self) { _ = try await UserFileReader(path: path).next() }
    }
}
