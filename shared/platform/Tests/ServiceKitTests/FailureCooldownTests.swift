import ServiceKit
import Testing

@Suite("FailureCooldown", .timeLimit(.minutes(1)))
struct FailureCooldownTests {
    @Test func aFailureCoolsDownForItsPeriodThenTheDependencyIsTriedAgain() async throws {
        let cooldown = FailureCooldown(period: .milliseconds(200))
        #expect(!cooldown.isCoolingDown)
        cooldown.failed()
        #expect(cooldown.isCoolingDown)
        // Bounded wait well past the period: a loaded machine may be slow, never early.
        let clock = ContinuousClock()
        let start = clock.now
        while cooldown.isCoolingDown, clock.now - start < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!cooldown.isCoolingDown)
        #expect(clock.now - start >= .milliseconds(150))
        cooldown.failed()
        cooldown.succeeded()
        #expect(!cooldown.isCoolingDown)
    }
}
