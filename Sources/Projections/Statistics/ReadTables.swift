/// The versioned tables one statistics answer reads: those of the versions that served
/// when its snapshot was taken.
///
/// Naming the tables instead of the views keeps an answer inside its snapshot during a
/// replay's switch: a view is resolved when each statement is parsed, so a later
/// statement could read the new version while the position was read from the old one.
struct ReadTables: Sendable {
    /// The serving version of each projection, as the snapshot sees them.
    let versions: [Projection: Int]

    /// `projections.<base>_v<N>` for the version serving the projection that owns `base`;
    /// the view when no version serves it.
    subscript(_ base: String) -> String {
        for projection in Projection.allCases {
            if let table = ReadModelSchema.allTables(projection).first(where: { $0.base == base }), let version = versions[projection] {
                return table.table(version: version)
            }
        }
        return "projections.\(base)"
    }
}
