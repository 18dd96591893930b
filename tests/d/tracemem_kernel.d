/* tracemem() shows memory as DTrace does: a column header, then rows of
   sixteen bytes with the offset, the bytes in hex and the printable ones
   as text; a firing's line ends after it. */
BEGIN
{
	tracemem(&`linux_banner, 16);
	exit(0);
}
