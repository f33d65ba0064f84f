import Foundation
import Search
import Testing

@testable import UserAPICore

@Suite("search requests and cursors", .timeLimit(.minutes(1)))
struct SearchRequestTests {
    @Test func cursorsRoundTripAndRejectAnythingElse() {
        let elasticsearch = SearchCursor.elasticsearch([.number(1.25), .string("0b6f…/+")])
        #expect(SearchCursor(text: elasticsearch.text) == elasticsearch)
        #expect(!elasticsearch.text.contains("+") && !elasticsearch.text.contains("/"))
        #expect(SearchCursor(text: "pg.40") == .postgres(offset: 40))
        for bad in ["pg.0", "pg.-1", "pg.x", "pg.99999999", "es.", "es.!!", "es.e30", "xyz", ""] {
            #expect(SearchCursor(text: bad) == nil, "\(bad)")
        }
    }

    @Test func theRequestFiltersRoleAndTombstonesAndContinuesAfterTheCursor() throws {
        let body = UserSearchIndex.request("ada", role: "admin", after: [.number(2.5), .string("id-1")], size: 11)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(json["size"] as? Int == 11)
        #expect((json["search_after"] as? [Any])?.count == 2)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.contains(#""term":{"role":"admin"}"#))
        #expect(text.contains(#""must_not":[{"term":{"deleted":true}}]"#))
        #expect(text.contains(#""fuzziness":"AUTO""#))
        #expect(text.contains(#""type":"bool_prefix""#))
    }
}
