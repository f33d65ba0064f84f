#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that accepts connections (the kernel completes them from the backlog)
/// and never answers: a Redis that hangs, for tests of timeouts.
final class SilentListener {
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
        guard bound, listen(socketFD, 64) == 0 else {
            close(socketFD)
            throw ListenerError(call: "bind/listen")
        }
        self.socketFD = socketFD
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(socketFD) }
}

struct ListenerError: Error {
    let call: String
}
