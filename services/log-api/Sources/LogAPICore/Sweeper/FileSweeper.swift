import Foundation
import Logging
import ServiceLifecycle

/// The file sweeper as a `Service` of log-api's ServiceGroup: a ``FileSweep`` pass every
/// `FILE_SWEEP_INTERVAL`, the first right at start. Every replica runs one; the advisory lock lets
/// one of them sweep at a time and the others skip that pass.
///
/// Before its passes it makes sure the bucket exists (``FileObjectStore/prepare()``), retrying on
/// every pass until it does: local development starts with no bucket, and S3 may be down at start
/// without holding the log intake back.
public struct FileSweeper<Objects: FileObjectStore, Store: FileStore, Publisher: FileTaskPublishing>: Service {
    let sweep: FileSweep<Objects, Store, Publisher>
    let logger: Logger

    public init(sweep: FileSweep<Objects, Store, Publisher>, logger: Logger) {
        self.sweep = sweep
        self.logger = logger
    }

    public func run() async throws {
        // Shutdown cancels the loop: a pass cut short leaves nothing a later pass cannot finish.
        try? await cancelWhenGracefulShutdown {
            var prepared = false
            while !Task.isCancelled {
                if !prepared { prepared = await prepare() }
                await pass()
                try await Task.sleep(for: sweep.config.interval)
            }
        }
    }

    private func prepare() async -> Bool {
        do {
            try await sweep.intake.objects.prepare()
            return true
        } catch {
            logger.warning("the upload bucket is not ready; retrying next pass", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func pass() async {
        do {
            guard let report = try await sweep.run() else {
                sweep.intake.metrics.sweep("skipped")
                return
            }
            if report.failures.isEmpty {
                sweep.intake.metrics.sweep("done")
            } else {
                sweep.intake.metrics.sweep("failed")
                logger.warning("file sweep step failed", metadata: ["failures": "\(report.failures)"])
            }
        } catch is CancellationError {
            return
        } catch {
            sweep.intake.metrics.sweep("failed")
            logger.warning("file sweep failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
