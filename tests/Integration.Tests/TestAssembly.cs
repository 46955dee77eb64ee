using Fleet.Integration.Tests;

// One fleet per run: a fresh database and virtual host, the Scheduler and two workers as OS processes, the Api in-process.
[assembly: AssemblyFixture(typeof(FleetServers))]

// Some tests kill workers, restart the Scheduler or stop the broker: they must not run beside others.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The in-process Api logs to the console; captured, its lines land in the output of the test that caused them.
[assembly: CaptureConsole]
