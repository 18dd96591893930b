/* llquantize: log-linear buckets (factor 10, magnitudes 0..2, 10 steps),
   rows from one below the first used to one above the last; an
   increment counts for several; lquantize takes one too. */
BEGIN
{
	@ = llquantize(0, 10, 0, 2, 10);
	@ = llquantize(7, 10, 0, 2, 10);
	@ = llquantize(35, 10, 0, 2, 10, 3);
	@ = llquantize(999, 10, 0, 2, 10);
	@ = llquantize(1000, 10, 0, 2, 10);
	@lin = lquantize(5, 0, 10, 5, 4);
	exit(0);
}
