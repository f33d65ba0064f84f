import CRabbitMQ
import Glibc

/// Why an rabbitmq-c call failed: a library status (socket error, timeout …) or a close the broker sent.
enum ReplyFailure: Error {
    /// rabbitmq-c reported `status` (an `amqp_status_enum` value); for socket errors, `osError`
    /// is the errno it left behind.
    case library(status: Int32, osError: Int32? = nil)
    /// The broker closed the channel the call was on.
    case channelClosed(code: UInt16, text: String)
    /// The broker closed the whole connection.
    case connectionClosed(code: UInt16, text: String)

    /// The failure an RPC reply describes, or nil when the call succeeded.
    init?(_ reply: amqp_rpc_reply_t) {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return nil
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if reply.reply.id == CRABBITMQ_CONNECTION_CLOSE, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                self = .connectionClosed(code: close.reply_code, text: String(amqpBytes: close.reply_text))
            } else if reply.reply.id == CRABBITMQ_CHANNEL_CLOSE, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                self = .channelClosed(code: close.reply_code, text: String(amqpBytes: close.reply_text))
            } else {
                self = .library(status: AMQP_STATUS_UNEXPECTED_STATE.rawValue)
            }
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            self = .library(status: reply.library_error)
        default:
            // AMQP_RESPONSE_NONE: the socket reached end of file.
            self = .library(status: AMQP_STATUS_CONNECTION_CLOSED.rawValue)
        }
    }

    /// A failed call's status, with errno when the status says the socket failed (it is only
    /// meaningful right after the call).
    static func socketAware(_ status: Int32) -> ReplyFailure {
        let osError = errno
        let socketFailure = status == AMQP_STATUS_SOCKET_ERROR.rawValue || status == AMQP_STATUS_TCP_ERROR.rawValue
        return .library(status: status, osError: socketFailure && osError != 0 ? osError : nil)
    }

    var replyCode: UInt16? {
        switch self {
        case .library: nil
        case .channelClosed(let code, _), .connectionClosed(let code, _): code
        }
    }

    /// The reply text of the broker, or rabbitmq-c's description of its status.
    var detail: String {
        switch self {
        case .library(let status, let osError?):
            "\(String(cString: amqp_error_string2(status))) (\(String(cString: strerror(osError))))"
        case .library(let status, nil): String(cString: amqp_error_string2(status))
        case .channelClosed(_, let text): "channel closed by the broker: \(text)"
        case .connectionClosed(_, let text): "connection closed by the broker: \(text)"
        }
    }

    func error(_ kind: RabbitMQError.Kind, broker: String, operation: String) -> RabbitMQError {
        RabbitMQError(kind, broker: broker, operation: operation, replyCode: replyCode, detail: detail)
    }
}
