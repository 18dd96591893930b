/* lquantize's levels, and a quantize keyed by a string. */
BEGIN
{
	for (i = 0; i < 10; i++) {
		@l = lquantize(i, 2, 8, 2);
	}
	@q["one"] = quantize(1);
	exit(0);
}
