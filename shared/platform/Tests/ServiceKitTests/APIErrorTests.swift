import Hummingbird
import HummingbirdTesting
import Testing

@testable import ServiceKit

/// The one error body of every service.
@Suite("Error body: one JSON shape", .timeLimit(.minutes(1)))
struct APIErrorTests {
    @Test func theBodyHasTheMessageTheCodeAndOnlyTheKnownPlaces() {
        let error = APIError(
            .badRequest, "line 2: field 'service' expected a string", field: "service", index: 1, line: 2)
        #expect(
            String(buffer: error.body)
                == #"{"code":"bad_request","error":"line 2: field 'service' expected a string","field":"service","index":1,"line":2}"#
        )
        #expect(
            String(buffer: APIError(.notFound, "no user with id 4").body)
                == #"{"code":"not_found","error":"no user with id 4"}"#)
    }

    @Test func aServiceMayNameAFinerCode() {
        let error = APIError(.badRequest, "invalid JSON at line 1, column 2", code: "invalid_json", line: 1, column: 2)
        #expect(
            String(buffer: error.body)
                == #"{"code":"invalid_json","column":2,"error":"invalid JSON at line 1, column 2","line":1}"#)
    }

    @Test func defaultCodesFollowTheStatus() {
        #expect(APIError(.conflict, "x").code == "conflict")
        #expect(APIError(.contentTooLarge, "x").code == "content_too_large")
        #expect(APIError(.unsupportedMediaType, "x").code == "unsupported_media_type")
        #expect(APIError(.serviceUnavailable, "x").code == "unavailable")
        #expect(APIError(.internalServerError, "x").code == "internal_error")
    }

    @Test func slashesAndUnicodeAreNotEscaped() {
        #expect(String(buffer: APIError(.notFound, "no /logs/é").body) == #"{"code":"not_found","error":"no /logs/é"}"#)
    }

    @Test func aThrownErrorOrParameterErrorIsTheAnswer() async throws {
        let router = Router()
        router.get("conflict") { _, _ -> String in throw APIError(.conflict, "a user with id 7 exists", field: "id") }
        router.get("limit") { request, _ -> String in
            let parameters = try QueryParameters(request, allowed: ["limit"])
            return "\(try parameters.integer("limit", in: 1...10) ?? 0)"
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/conflict", method: .get) { response in
                #expect(response.status == .conflict)
                #expect(response.headers[.contentType] == "application/json")
                #expect(
                    String(buffer: response.body)
                        == #"{"code":"conflict","error":"a user with id 7 exists","field":"id"}"#)
            }
            try await client.execute(uri: "/limit?limit=0", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(
                    String(buffer: response.body)
                        == #"{"code":"bad_request","error":"limit: expected an integer from 1 to 10, found \"0\"","parameter":"limit"}"#
                )
            }
            try await client.execute(uri: "/limit?limt=1", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }
}
