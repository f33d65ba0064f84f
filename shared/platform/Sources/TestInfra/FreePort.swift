#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
public enum FreePort {
    public static func next() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw SystemError(call: "socket", code: errno) }
        defer { close(socketFD) }
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
        guard bound else { throw SystemError(call: "bind", code: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A port on 127.0.0.1 with a listener on it that accepts nothing: a server started on it fails to
/// bind, as when another program holds the port. Closed on ``close()`` or deinit.
public final class HeldPort: Sendable {
    public let port: Int
    private let socketFD: Int32

    public init() throws {
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw SystemError(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let socketFD = socketFD
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socketFD, generic, length) == 0 && getsockname(socketFD, generic, &length) == 0
                    && listen(socketFD, 1) == 0
            }
        }
        guard listening else {
            let code = errno
            Glibc.close(socketFD)
            throw SystemError(call: "bind/listen", code: code)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { Glibc.close(socketFD) }
}

/// A failed system call and its errno.
public struct SystemError: Error, CustomStringConvertible {
    public let call: String
    public let code: Int32
    public var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}
