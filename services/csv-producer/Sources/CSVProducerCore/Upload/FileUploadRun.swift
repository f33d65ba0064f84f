import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import _NIOFileSystem

/// The work of `csv-producer upload`: each file streamed to `POST /files` in turn (never held whole), then
/// all of them followed on the WebSocket until final.
struct FileUploadRun: Sendable {
    let api: URL
    let force: Bool
    let display: UploadDisplay

    func run(_ paths: [String], timeout: Duration) async throws -> [FileOutcome] {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var outcomes: [FileOutcome] = []
        do {
            for path in paths {
                outcomes.append(await upload(path, with: client))
            }
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        let accepted = outcomes.compactMap(\.id)
        guard !accepted.isEmpty else { return outcomes }
        let finals = await ProcessingWatcher(api: api, display: display).follow(
            accepted, names: Dictionary(outcomes.compactMap { o in o.id.map { ($0, o.name) } }) { a, _ in a },
            timeout: timeout)
        return outcomes.map { outcome in
            guard let id = outcome.id else { return outcome }
            var outcome = outcome
            outcome.final = finals[id]
            return outcome
        }
    }

    /// One upload: the file streamed from disk with a progress bar; its id, or why it has none.
    private func upload(_ path: String, with client: HTTPClient) async -> FileOutcome {
        let name = (path as NSString).lastPathComponent
        do {
            let size = try await FileSystem.shared.info(forFileAt: FilePath(path))?.size ?? 0
            var components = URLComponents(url: api.appendingPathComponent("files"), resolvingAgainstBaseURL: false)
            components?.queryItems =
                [URLQueryItem(name: "name", value: name)] + (force ? [URLQueryItem(name: "force", value: "true")] : [])
            guard let url = components?.url?.absoluteString else { return FileOutcome(name: name, problem: "bad URL") }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            let lower = name.lowercased()
            let ndjson = lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl")
            request.headers.add(name: "Content-Type", value: ndjson ? "application/x-ndjson" : "application/json")
            let bar = display.uploadBar(name: name, size: size)
            let response: (HTTPResponseStatus, ByteBuffer) = try await FileSystem.shared.withFileHandle(
                forReadingAt: FilePath(path)
            ) { handle in
                let chunks = handle.readChunks(chunkLength: .mebibytes(1)).map { chunk in
                    bar.advance(by: chunk.readableBytes)
                    return chunk
                }
                request.body = .stream(chunks, length: .known(size))
                let response = try await client.execute(request, timeout: .hours(1))
                return (response.status, try await response.body.collect(upTo: 1 << 20))
            }
            bar.finish()
            let json = (try? JSONSerialization.jsonObject(with: Data(response.1.readableBytesView))) as? [String: Any]
            guard response.0 == .accepted || response.0 == .ok, let text = json?["id"] as? String,
                let id = UUID(uuidString: text)
            else {
                let reason = json?["error"] as? String ?? String(buffer: response.1)
                return FileOutcome(name: name, problem: "upload refused: \(response.0.code) \(reason)")
            }
            return FileOutcome(name: name, id: id, duplicate: json?["duplicate"] as? Bool ?? false)
        } catch {
            return FileOutcome(name: name, problem: "upload failed: \(error)")
        }
    }
}

/// What became of one file.
struct FileOutcome: Sendable {
    let name: String
    var id: UUID?
    var duplicate = false
    /// Why it was not uploaded or not followed to its end.
    var problem: String?
    var final: FileProgress?

    init(name: String, id: UUID? = nil, duplicate: Bool = false, problem: String? = nil) {
        self.name = name
        self.id = id
        self.duplicate = duplicate
        self.problem = problem
    }

    var isFailure: Bool {
        guard problem == nil, let final else { return true }
        return final.status == "failed"
    }
}
