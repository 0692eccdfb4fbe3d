/* The Data page: say at once when dropped or chosen files are too large to send.
 * The upload area stops a grossly oversized file without sending anything, and a set of files
 * too large for one request would be refused by the server before it is read; either way the
 * page would otherwise show nothing. The limits come from the page (data-* attributes). */
(function () {
    'use strict';
    const CHECK = 'data-upload-check'; // ids.DATA_UPLOAD_CHECK
    const UPLOAD = 'data-upload'; // ids.DATA_UPLOAD
    function megabytes(bytes) {
        return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '') + ' MB';
    }
    function check(files) {
        const box = document.getElementById(CHECK);
        if (!box || !files) { return; }
        const list = Array.from(files);
        const maxFile = Number(box.dataset.maxFile);
        const perFile = Number(box.dataset.perFile);
        const maxRequest = Number(box.dataset.maxRequest);
        const tooBig = list.filter((file) => file.size > maxFile);
        const total = list.reduce((sum, file) => sum + file.size, 0);
        let message = '';
        if (tooBig.length) {
            const named = tooBig.map((file) => `${file.name} is ${megabytes(file.size)}`).join('; ');
            message = `${named}: the limit is ${megabytes(perFile)} per file, so ${tooBig.length === 1 ? 'it was' : 'they were'} not sent. ` +
                (tooBig.every((file) => /\.(csv|zip)$/i.test(file.name))
                    ? 'A large QCEW file (the whole-country single file, BLS\'s archive) goes under “A large QCEW file” below; ' +
                      'split any other file, or send only the datasets that changed.'
                    : 'Split the file, or send only the datasets that changed.');
        } else if (total * 4 / 3 > maxRequest) {
            message = `These ${list.length} files come to ${megabytes(total)}, more than can be sent at once ` +
                `(about ${megabytes(maxRequest * 3 / 4)}), so the server refuses them and nothing changes. ` +
                'Send them in smaller groups.';
        }
        box.textContent = message;
        box.hidden = !message;
    }
    function inUpload(target) {
        return target && target.closest && target.closest('#' + UPLOAD);
    }
    document.addEventListener('drop', (event) => {
        if (inUpload(event.target) && event.dataTransfer) { check(event.dataTransfer.files); }
    }, true);
    document.addEventListener('change', (event) => {
        if (inUpload(event.target) && event.target.files) { check(event.target.files); }
    }, true);
}());
