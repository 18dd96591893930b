/* quantize's increment counts a value for several (or takes away);
   -3 counts in the -2 bucket, as in DTrace; the power-of-two rows reach
   from one below the first bucket used to one above the last. */
BEGIN
{
	@q["a"] = quantize(5, 3);
	@q["a"] = quantize(0);
	@q["b"] = quantize(-3, 2);
	exit(0);
}
