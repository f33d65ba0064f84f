import CHiredis
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Encodes commands as RESP arrays of bulk strings with hiredis' `redisFormatCommandArgv`, which
/// takes every argument with its length, so any bytes (NUL included) go through unchanged.
public enum RedisCommandEncoder {
    /// Appends the RESP encoding of `command` to `buffer`.
    public static func encode(_ command: RedisCommand, into buffer: inout ByteBuffer) {
        // hiredis wants an array of pointers to the arguments; one staging array holding all of
        // them back to back gives every argument a stable address for the duration of the call.
        let arguments = command.arguments
        var lengths = [Int]()
        lengths.reserveCapacity(arguments.count)
        var staging = [UInt8]()
        staging.reserveCapacity(arguments.reduce(1) { $0 + $1.byteCount })
        for argument in arguments {
            let start = staging.count
            argument.append(to: &staging)
            lengths.append(staging.count - start)
        }
        staging.append(0)  // never empty, so the base address exists even when every argument is ""

        staging.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv = [UnsafePointer<CChar>?]()
            argv.reserveCapacity(arguments.count)
            var offset = 0
            for length in lengths {
                argv.append(base + offset)
                offset += length
            }
            var formatted: UnsafeMutablePointer<CChar>?
            let count = redisFormatCommandArgv(&formatted, Int32(arguments.count), &argv, lengths)
            // It fails only when malloc does; there is nothing sensible to continue with then.
            guard count >= 0, let formatted else { fatalError("redisFormatCommandArgv: out of memory") }
            defer { redisFreeCommand(formatted) }
            buffer.writeBytes(UnsafeRawBufferPointer(start: formatted, count: Int(count)))
        }
    }

    /// The RESP encoding of `commands` back to back, as one pipeline write.
    public static func encode(
        _ commands: [RedisCommand], allocator: ByteBufferAllocator = ByteBufferAllocator()
    )
        -> ByteBuffer
    {
        var buffer = allocator.buffer(capacity: commands.count * 32)
        for command in commands { encode(command, into: &buffer) }
        return buffer
    }
}
