import CRdKafka

/// The librdkafka that this process loaded at run time, which may be newer than the headers the
/// module was compiled against (tests load 2.16 through LD_LIBRARY_PATH, images keep Debian's 2.0.2).
public enum KafkaLibrary {
    /// librdkafka's version string, e.g. "2.16.0".
    public static var version: String { String(cString: rd_kafka_version_str()) }

    /// librdkafka's version as the hex number `MMmmrrxx` (0x020a0000 is 2.10.0).
    public static var versionNumber: Int { Int(rd_kafka_version()) }
}
