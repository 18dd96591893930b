/*
 * agghist: sums and counts drawn as histograms of their keys, bars
 * shares of the total of |values| (both signs: half bars either side of
 * the axis), then zoomed to the largest; an integer key's column is as
 * wide as its type; quantize is not agghist's and keeps its histogram.
 */
#pragma D option agghist
#pragma D option quiet

BEGIN
{
	@signed["late"] = sum(-30);
	@signed["early"] = sum(15);
	@signed["mid"] = sum(45);

	@calls[(short)7] = count();
	@calls[(short)9] = count();
	@calls[(short)9] = count();
	@calls[(short)9] = count();

	@q = quantize(3);

	printa(@signed);
	printa(@calls);
	printa(@q);
	setopt("aggzoom");
	printa(@signed);
	printa(@calls);
	setopt("aggzoom", "false");
	setopt("agghist", "false");
	printa(@signed);
	exit(0);
}
