// Test classes are internal: they exercise internal types of the plugin.
[assembly: DiscoverInternals]
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
