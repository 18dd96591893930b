/* Histograms sort by the sum of each bucket's value times its count;
   on a tie, by the count at zero, and only then by key. */
BEGIN
{
	@["first"] = lquantize(0, 0, 10, 1, 5);
	@["first"] = lquantize(2, 0, 10, 1, 10);
	@["second"] = lquantize(0, 0, 10, 1, -5);
	@["second"] = lquantize(4, 0, 10, 1, 5);
	printa(@);
	exit(0);
}
