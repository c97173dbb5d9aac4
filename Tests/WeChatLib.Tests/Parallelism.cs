// Fixtures run side by side: most of a test's time is spent waiting on the service, PostgreSQL, Redis or a clock, and
// each fixture has databases, Redis keys and, where it changes them, fakes of its own. A test that reads process-wide
// state (the service's static meter) or needs the machine to itself for its timing says so with [NonParallelizable].
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
