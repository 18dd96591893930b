/*
 * aggpack: quantize and lquantize as one line per key over the bucket
 * range all keys share, eight levels in ASCII (encoding=ascii), negative
 * counts as v and V; zoomed to the largest bucket; a keyless quantize
 * with its bounds' widths; llquantize is not aggpack's.
 */
#pragma D option aggpack
#pragma D option encoding=ascii
#pragma D option quiet

BEGIN
{
	@lat["read"] = quantize(3);
	@lat["read"] = quantize(3);
	@lat["read"] = quantize(3);
	@lat["read"] = quantize(20);
	@lat["write"] = quantize(100);
	@lat["write"] = quantize(0);

	@lin[1] = lquantize(-3, 0, 5, 1, 2);
	@lin[1] = lquantize(2, 0, 5, 1, -1);
	@lin[2] = lquantize(4, 0, 5, 1, 6);
	@lin[2] = lquantize(9, 0, 5, 1, 1);

	@big = quantize(1 << 40);

	printa(@lat);
	printa(@lin);
	printa(@big);
	setopt("aggzoom");
	printa(@lin);
	exit(0);
}
