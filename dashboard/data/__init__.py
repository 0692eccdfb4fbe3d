"""What a dataset is: the data contract, reading and validating files, Colorado's geography, the
source index, the membership index and the settings that say where files live. Imports nothing
else from dashboard/."""
