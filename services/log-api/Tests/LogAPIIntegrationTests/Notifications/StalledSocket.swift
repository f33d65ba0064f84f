import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client that never reads: it opens `/notifications/events` with a tiny receive buffer, completes
/// the handshake and then lets everything the server sends pile up, as a client on a slow network does.
final class StalledSocket: Sendable {
    private let descriptor: Int32

    init(port: Int, query: String = "") throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StalledSocketError("socket: \(errno)") }
        var size: Int32 = 2_048
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(descriptor)
            throw StalledSocketError("connect: \(errno)")
        }
        let request =
            "GET /notifications/events\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
        // Read the 101 answer byte by byte, up to its blank line; nothing after it.
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while !answer.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)), answer.count < 4_096 {
            guard recv(descriptor, &byte, 1, 0) == 1 else { break }
            answer.append(byte)
        }
        let head = String(decoding: answer, as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101") else {
            Glibc.close(descriptor)
            throw StalledSocketError("no upgrade: \(head)", answer: head)
        }
    }

    /// The answer's head to an upgrade request with `query`, read until the connection closes or 4 KiB.
    static func upgradeAnswer(port: Int, query: String) throws -> String {
        do {
            _ = try StalledSocket(port: port, query: query)
            return "HTTP/1.1 101"
        } catch let error as StalledSocketError {
            return error.answer ?? error.description
        }
    }

    deinit {
        Glibc.close(descriptor)
    }
}

struct StalledSocketError: Error, CustomStringConvertible {
    let description: String
    /// The server's answer, when it refused the upgrade.
    var answer: String?
    init(_ description: String, answer: String? = nil) {
        self.description = description
        self.answer = answer
    }
}
