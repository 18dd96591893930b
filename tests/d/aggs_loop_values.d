/* Every aggregating function over 0..9, printed at exit. */
BEGIN
{
	for (i = 0; i < 10; i++) {
		@c = count();
		@s = sum(i);
		@mn = min(i - 3);
		@mx = max(i);
		@a = avg(i);
		@sd = stddev(i);
		@q = quantize(i);
	}
	exit(0);
}
