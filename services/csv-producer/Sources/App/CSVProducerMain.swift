import CSVProducerCore

@main
struct CSVProducerMain {
    static func main() async {
        await CSVProducerCommand.main()
    }
}
