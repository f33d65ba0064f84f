// Debian's rabbitmq-c 0.11 (librabbitmq-dev) as seen from Swift.
//
// Swift cannot call C variadic functions nor import macros that cast (`((amqp_method_number_t)0x…)`),
// so the few of those the RabbitMQ target needs are re-exported here as inline functions and
// constants. Nothing else lives here: all logic is in Swift.
#ifndef CRABBITMQ_SHIM_H
#define CRABBITMQ_SHIM_H

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <pthread.h>
#include <sys/eventfd.h>

// glibc declares it only under _GNU_SOURCE, which the Glibc module is not built with.
extern int pthread_setname_np(pthread_t thread, const char *name);

/// Names the calling thread (Linux keeps the first 15 bytes), for ps -L, top -H and perf.
static inline void crabbitmq_name_current_thread(const char *name) {
    char truncated[16] = {0};
    for (int i = 0; i < 15 && name[i] != 0; i++) truncated[i] = name[i];
    (void)pthread_setname_np(pthread_self(), truncated);
}

/// amqp_login with SASL PLAIN and the client properties (connection name) RabbitMQ shows.
static inline amqp_rpc_reply_t crabbitmq_login_plain(amqp_connection_state_t state, const char *vhost,
                                                     int channel_max, int frame_max, int heartbeat_seconds,
                                                     const amqp_table_t *client_properties,
                                                     const char *username, const char *password) {
    return amqp_login_with_properties(state, vhost, channel_max, frame_max, heartbeat_seconds, client_properties,
                                      AMQP_SASL_METHOD_PLAIN, username, password);
}

static const amqp_method_number_t CRABBITMQ_CONNECTION_CLOSE = AMQP_CONNECTION_CLOSE_METHOD;
static const amqp_method_number_t CRABBITMQ_CONNECTION_CLOSE_OK = AMQP_CONNECTION_CLOSE_OK_METHOD;
static const amqp_method_number_t CRABBITMQ_CONNECTION_BLOCKED = AMQP_CONNECTION_BLOCKED_METHOD;
static const amqp_method_number_t CRABBITMQ_CONNECTION_UNBLOCKED = AMQP_CONNECTION_UNBLOCKED_METHOD;
static const amqp_method_number_t CRABBITMQ_CHANNEL_CLOSE = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t CRABBITMQ_CHANNEL_CLOSE_OK = AMQP_CHANNEL_CLOSE_OK_METHOD;
static const amqp_method_number_t CRABBITMQ_BASIC_DELIVER = AMQP_BASIC_DELIVER_METHOD;
static const amqp_method_number_t CRABBITMQ_BASIC_RETURN = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t CRABBITMQ_BASIC_ACK = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t CRABBITMQ_BASIC_NACK = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t CRABBITMQ_BASIC_CANCEL = AMQP_BASIC_CANCEL_METHOD;
static const amqp_method_number_t CRABBITMQ_BASIC_CANCEL_OK = AMQP_BASIC_CANCEL_OK_METHOD;

static const amqp_flags_t CRABBITMQ_CONTENT_TYPE_FLAG = AMQP_BASIC_CONTENT_TYPE_FLAG;
static const amqp_flags_t CRABBITMQ_CONTENT_ENCODING_FLAG = AMQP_BASIC_CONTENT_ENCODING_FLAG;
static const amqp_flags_t CRABBITMQ_HEADERS_FLAG = AMQP_BASIC_HEADERS_FLAG;
static const amqp_flags_t CRABBITMQ_DELIVERY_MODE_FLAG = AMQP_BASIC_DELIVERY_MODE_FLAG;
static const amqp_flags_t CRABBITMQ_PRIORITY_FLAG = AMQP_BASIC_PRIORITY_FLAG;
static const amqp_flags_t CRABBITMQ_CORRELATION_ID_FLAG = AMQP_BASIC_CORRELATION_ID_FLAG;
static const amqp_flags_t CRABBITMQ_REPLY_TO_FLAG = AMQP_BASIC_REPLY_TO_FLAG;
static const amqp_flags_t CRABBITMQ_EXPIRATION_FLAG = AMQP_BASIC_EXPIRATION_FLAG;
static const amqp_flags_t CRABBITMQ_MESSAGE_ID_FLAG = AMQP_BASIC_MESSAGE_ID_FLAG;
static const amqp_flags_t CRABBITMQ_TIMESTAMP_FLAG = AMQP_BASIC_TIMESTAMP_FLAG;
static const amqp_flags_t CRABBITMQ_TYPE_FLAG = AMQP_BASIC_TYPE_FLAG;
static const amqp_flags_t CRABBITMQ_USER_ID_FLAG = AMQP_BASIC_USER_ID_FLAG;
static const amqp_flags_t CRABBITMQ_APP_ID_FLAG = AMQP_BASIC_APP_ID_FLAG;

#endif
