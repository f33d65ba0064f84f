import Foundation
import ServiceKit

// log-ingest-bench COMMAND [ARGUMENTS]; run.sh is the only caller.
//   bodies DIR RECORDS            wrk's bodies of RECORDS objects each; prints how many, and bytes per record
//   copy-file FILE RECORDS        the ceiling's COPY text file
//   schema                        log-worker's migrations on POSTGRES_URL
//   publish EXCHANGE QUEUE RECORDS PER_MESSAGE   to AMQP_URL; prints the seconds it took
//   queue-depth QUEUE             ready messages in QUEUE on AMQP_URL
//   insert-methods RECORDS BATCH  UNNEST against COPY + INSERT … SELECT on POSTGRES_URL (schema applied)
//   codec-cost RECORDS            µs per record to decode messages and encode `data` again
let arguments = CommandLine.arguments.dropFirst().map { $0 }
let environment = EnvironmentReader()

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: log-ingest-bench bodies|copy-file|schema|publish …\n".utf8))
    exit(2)
}

func integer(_ index: Int) -> Int {
    guard arguments.count > index, let value = Int(arguments[index]), value > 0 else { usage() }
    return value
}

do {
    switch arguments.first {
    case "bodies" where arguments.count == 3:
        let written = try Bodies.write(records: integer(2), into: arguments[1])
        print("bodies=\(written.files) bytes_per_record=\(written.bytesPerRecord)")
    case "copy-file" where arguments.count == 3:
        try CopyFile.write(records: integer(2), to: arguments[1])
    case "schema" where arguments.count == 1:
        try await SchemaSetup.apply(to: try PostgresConfig(environment: environment))
    case "publish" where arguments.count == 5:
        let elapsed = try await BrokerPublisher.publish(
            records: integer(3), perMessage: integer(4), exchange: arguments[1], queue: arguments[2],
            amqp: try AMQPConfig(environment: environment))
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("publish_seconds=\(seconds)")
    case "queue-depth" where arguments.count == 2:
        print(
            "ready=\(try await BrokerPublisher.readyMessages(queue: arguments[1], amqp: try AMQPConfig(environment: environment)))"
        )
    case "insert-methods" where arguments.count == 3:
        try await InsertMethods.compare(
            records: integer(1), batchSize: integer(2), postgres: try PostgresConfig(environment: environment))
    case "codec-cost" where arguments.count == 2:
        try CodecCost.measure(records: integer(1), perMessage: 100)
    default:
        usage()
    }
} catch {
    FileHandle.standardError.write(Data("log-ingest-bench: \(error)\n".utf8))
    exit(1)
}
