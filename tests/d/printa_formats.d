/* printa with a format: %@ takes the value (a histogram where it is one),
   the other conversions the keys in turn, * a width from a key. */
BEGIN
{
	@calls["read", 3] = count();
	@calls["read", 3] = count();
	@calls["open", 7] = count();
	@mean = avg(10);
	@mean = avg(21);
	@spread = stddev(2);
	@spread = stddev(6);
	@hist = quantize(5);
	@lin = lquantize(7, 0, 20, 5);
	@w[6, 42] = sum(3);
	@w[-6, 43] = sum(4);
	printa("%-6s fd %d: %@u calls\n", @calls);
	printa("%s|", @calls);
	printf("\n");
	printa("mean %@d, spread %@x\n", @mean);
	printa("spread %@d\n", @spread);
	printa("hist %@d end\n", @hist);
	printa("lin%@d", @lin);
	printa("[%*d]\n", @w);
	printa("%@5d%%\n", @mean);
	exit(0);
}
