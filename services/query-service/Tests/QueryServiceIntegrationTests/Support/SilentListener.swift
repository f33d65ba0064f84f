#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that accepts connections (the kernel completes them from the backlog)
/// and never answers: a Redis that hangs, for tests of timeouts. ``takeConnections()`` says how
/// many connections were opened to it.
final class SilentListener: Sendable {
    let port: Int
    private let socketFD: Int32

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw ListenerError(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketFD, generic, length) == 0 && getsockname(socketFD, generic, &length) == 0
            }
        }
        // Non-blocking, so that taking the connections never waits.
        guard bound, listen(socketFD, 128) == 0, fcntl(socketFD, F_SETFL, O_NONBLOCK) == 0 else {
            close(socketFD)
            throw ListenerError(call: "bind/listen")
        }
        self.socketFD = socketFD
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts and closes every connection waiting in the backlog (closed ones included); returns how many.
    func takeConnections() -> Int {
        var count = 0
        for _ in 0..<128 {
            let connection = accept(socketFD, nil, nil)
            guard connection >= 0 else { break }
            close(connection)
            count += 1
        }
        return count
    }

    deinit { close(socketFD) }
}

struct ListenerError: Error {
    let call: String
}
