import Contracts
import Foundation

/// Where log-worker keeps uploaded files' status, records and rejected records (`files`, `logs`,
/// `file_errors`).
protocol FileStore: Sendable {
    /// Starts an attempt: the file becomes `processing`, its counts 0, `attempts` + 1. Nil when there is no such
    /// file (deleted) or it is already final: nothing is to be done.
    func begin(fileID: UUID) async throws -> FileRun?

    /// Stores `batch` in one transaction: its logs (`ON CONFLICT (id) DO NOTHING`), its error rows
    /// (`ON CONFLICT DO NOTHING`) and, when given, `progress`. Returns how many log rows were new. Throws
    /// ``FileSuperseded`` (having stored nothing) when a newer attempt took the file.
    func commit(_ batch: FileBatch, progress: FileProgress?, of run: FileRun) async throws -> Int

    /// Stores `logs` alone in one transaction: to find the records PostgreSQL refuses in a batch it rejected.
    func insert(_ logs: [IncomingLog]) async throws -> Int

    /// Writes the final status (or the progress while `processing`) of `snapshot`; ``FileSuperseded`` when a
    /// newer attempt took the file.
    func finish(_ run: FileRun, with snapshot: FileStatusSnapshot) async throws
}
