import ArgumentParser
import CSVProducerCore
import Foundation

@main
struct CSVProducerMain {
    static func main() async {
        do {
            var command = try CSVProducerCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A usage error (unknown option, missing argument) exits 2, as Unix tools do;
            // ArgumentParser's own status for it would be 64.
            if CSVProducerCommand.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((CSVProducerCommand.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            CSVProducerCommand.exit(withError: error)
        }
    }
}
