extension ReferenceData {
    /// The reference data in the stored events of the station streams, in any order of
    /// streams but each stream in version order: the one fold of reference data that
    /// commands, import and the log check share.
    public init(recorded: [RecordedEvent]) throws {
        let streams = Dictionary(grouping: recorded, by: \.streamId)
        self.init(stations: try streams.values.compactMap { events in
            StationLifecycle.state(of: try StreamHistory(recorded: events))
        })
    }
}
