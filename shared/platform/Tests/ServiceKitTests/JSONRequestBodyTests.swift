import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceKit
import Testing

@Suite("JSONRequestBody", .timeLimit(.minutes(1)))
struct JSONRequestBodyTests {
    @Test func contentTypeMustBeJSON() {
        #expect(JSONRequestBody.isJSON("application/json"))
        #expect(JSONRequestBody.isJSON("Application/JSON; charset=utf-8"))
        #expect(!JSONRequestBody.isJSON("text/plain"))
        #expect(!JSONRequestBody.isJSON("application/jsonx"))
        #expect(!JSONRequestBody.isJSON(nil))
    }

    @Test func answers415And413AndOtherwiseTheBody() async throws {
        let router = Router()
        router.post("echo") { request, _ -> ByteBuffer in
            try await JSONRequestBody.collect(request, maximumBytes: 10)
        }
        try await Application(router: router).test(.router) { client in
            let echoed = try await client.execute(
                uri: "/echo", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "[1]"))
            #expect(echoed.status == .ok)
            #expect(String(buffer: echoed.body) == "[1]")
            let plain = try await client.execute(
                uri: "/echo", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "[1]"))
            #expect(plain.status == .unsupportedMediaType)
            #expect(String(buffer: plain.body).contains(#""parameter":"Content-Type""#))
            let large = try await client.execute(
                uri: "/echo", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: String(repeating: "1", count: 11)))
            #expect(large.status == .contentTooLarge)
        }
    }
}
