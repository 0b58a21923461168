public import ArgumentParser
public import Events

/// Lets `token create --role clerk|supervisor|admin` parse the domain's roles.
extension ActorRole: ExpressibleByArgument {}
