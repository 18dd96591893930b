/* The mutex subroutines on a real kernel mutex: at mutex_lock's return the
   current thread owns the mutex it locked; Linux mutexes are adaptive. */
#pragma D option quiet

fbt::mutex_lock:entry
{
	self->m = arg0;
}

fbt::mutex_lock:return
/self->m/
{
	this->m = (struct mutex *)self->m;
	@[mutex_owned(this->m), mutex_owner(this->m) == curthread,
	    mutex_type_adaptive(this->m), mutex_type_spin(this->m)] = count();
	self->m = 0;
}

tick-500ms
{
	exit(0);
}

END
{
	printa("%d %d %d %d\n", @);
}
