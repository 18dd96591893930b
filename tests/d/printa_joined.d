/* Several aggregations in one printa join on their keys: a key one of
   them lacks shows its zero (an empty histogram for quantize). Rows sort
   by the first aggregation's value, ties by the next, then by key. The
   printed aggregations are not printed again at exit; @other is. */
BEGIN
{
	@bytes["b"] = sum(30);
	@bytes["a"] = sum(30);
	@bytes["c"] = sum(10);
	@ops["a"] = count();
	@ops["b"] = count();
	@ops["b"] = count();
	@ops["d"] = count();
	@other = max(-4);
	printa("%s %@d %@d\n", @bytes, @ops);
	printa(@bytes, @ops);
	exit(0);
}
