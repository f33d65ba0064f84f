// Debian's libhiredis-dev (0.14.1): the RESP formatter (redisFormatCommandArgv) and the reply
// reader (redisReader) are all the Redis client uses; its own sockets are never opened.
#include <hiredis/hiredis.h>
