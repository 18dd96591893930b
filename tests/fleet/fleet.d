/* The fleet test's script (tests/fleet/run): every aggregating function
 * over dd's writes; each guest writes its own sizes. */
syscall::write:entry
/execname == "dd"/
{
	@writes = count();
	@bytes = sum(arg2);
	@least = min(arg2);
	@most = max(arg2);
	@mean = avg(arg2);
	@spread = stddev(arg2);
	@sizes = quantize(arg2);
	@linear = lquantize(arg2, 0, 4000, 500);
	@log = llquantize(arg2, 10, 0, 5, 10);
	@byfd[arg0] = count();
}
