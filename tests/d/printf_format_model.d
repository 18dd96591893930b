/*
 * printf and printa share one format model with DTrace's rules: a later
 * `0` or `-` cancels the other, a precision of 0 is none, `?` is a
 * pointer's width, `%S`/`%C` escape, `%d` of an unsigned 64-bit value
 * and `%@d` of a count() are unsigned, `%@` conversions all take the
 * (last) aggregation's value.
 */
#pragma D option quiet

BEGIN
{
	printf("[%-05d][%0-5d][%.0s][%?x]\n", 42, 42, "hello", 0x1234);
	printf("[%S][%C]\n", "a\tb\"", 10);
	printf("[%d][%i]\n", (uint64_t)-1, (int64_t)-1);
	printf("[%*.*s][%.*d]\n", -7, 3, "hello", 4, 7);
	@c["a"] = count();
	@c["b"] = count();
	@c["b"] = count();
	printa("%s=%@d;%@5u|", @c);
	printf("\n");
	exit(0);
}
