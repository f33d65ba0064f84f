// librdkafka's C API for the Kafka module. Compiled against Debian's librdkafka-dev headers (2.0.2),
// so only functions of that version are used; at run time a newer librdkafka.so.1 may be loaded.
#include <librdkafka/rdkafka.h>
