/* The Data page: a QCEW file too large for the drop zone (BLS's whole-country single file, its archive).
 * The file is sent as it is, as the body of one request to the server's own route (the drop zone would
 * read it into memory and base64 it into a callback). The server keeps only the state's rows and answers
 * with a token; the page's preview callback takes it from the store data-large-staged. Progress and what
 * became of the file are said in words, in a polite live region. */
(function () {
    'use strict';
    const FILE = 'data-large-file'; // ids.DATA_LARGE_FILE
    const PROGRESS = 'data-large-progress'; // ids.DATA_LARGE_PROGRESS
    const STATUS = 'data-large-status'; // ids.DATA_LARGE_STATUS
    const STAGED = 'data-large-staged'; // ids.DATA_LARGE_STAGED
    const PAGE = 'data-page'; // ids.DATA_PAGE
    function megabytes(bytes) {
        return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '') + ' MB';
    }
    function say(status, text, failed) {
        status.textContent = text;
        status.classList.toggle('text-danger', Boolean(failed));
        status.classList.toggle('fw-semibold', Boolean(failed));
    }
    function send(input) {
        const file = input.files[0];
        const status = document.getElementById(STATUS);
        const bar = document.getElementById(PROGRESS);
        if (!status || !bar) { return; }
        const request = new XMLHttpRequest();
        request.open('POST', input.dataset.route);  // from the page: dashboard.store.large_upload
        request.setRequestHeader('X-Requested-With', 'dashboard-large-upload');
        request.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
        request.setRequestHeader('Content-Type', 'application/octet-stream');
        bar.hidden = false;
        bar.max = file.size || 1;
        bar.value = 0;
        say(status, `Sending ${file.name} (${megabytes(file.size)})…`);
        request.upload.onprogress = (event) => {
            bar.value = event.loaded;
            // Said in steps of a tenth, so a screen reader is not read every percent.
            const tenth = Math.floor(10 * event.loaded / Math.max(event.total, 1));
            if (tenth !== Number(bar.dataset.tenth)) {
                bar.dataset.tenth = String(tenth);
                say(status, `Sending ${file.name}: ${megabytes(event.loaded)} of ${megabytes(event.total)}.`);
            }
        };
        request.upload.onload = () => {
            say(status, `${file.name} sent; the server is reading it and keeping the state's rows…`);
        };
        request.onload = () => {
            bar.hidden = true;
            input.value = '';
            let answer = null;
            try { answer = JSON.parse(request.responseText); } catch (error) { answer = null; }
            if (request.status === 200 && answer && answer.token) {
                say(status, `${answer.name} received (${megabytes(answer.bytes)}). Its change is under “2. Review the change”.`);
                if (window.dash_clientside && window.dash_clientside.set_props) {
                    window.dash_clientside.set_props(STAGED, {data: {token: answer.token, name: answer.name}});
                }
                return;
            }
            const reason = (request.getResponseHeader('Content-Type') || '').startsWith('text/plain')
                ? request.responseText : `the server answered ${request.status}`;
            say(status, `${file.name} was not received: ${reason}. Nothing was changed.`, true);
        };
        request.onerror = () => {
            bar.hidden = true;
            input.value = '';
            say(status, `${file.name} was not received: the connection failed while sending it. Nothing was changed; send it again.`, true);
        };
        request.send(file);
    }
    // The native file chooser, in the slot the page leaves for it (Dash has no file input of its own). The
    // Data page is part of the layout from the start; if it is drawn again, the chooser is put back.
    function placeChooser() {
        const slot = document.querySelector('.large-upload-slot');
        if (!slot) { return false; }
        if (!slot.querySelector('input[type="file"]')) {
            const input = document.createElement('input');
            input.type = 'file';
            input.id = slot.dataset.inputId;
            input.accept = slot.dataset.accept;
            input.className = 'form-control';
            input.dataset.route = slot.dataset.route;
            input.setAttribute('aria-describedby', slot.dataset.describedby);
            slot.appendChild(input);
        }
        return true;
    }
    let tries = 0;
    const waiting = setInterval(() => {
        tries += 1;
        if (placeChooser()) {
            clearInterval(waiting);
            const page = document.getElementById(PAGE);
            if (page) { new MutationObserver(placeChooser).observe(page, {childList: true, subtree: true}); }
        } else if (tries > 600) {
            clearInterval(waiting);  // a minute: this page has no Data page
        }
    }, 100);
    document.addEventListener('change', (event) => {
        const input = event.target;
        if (input && input.id === FILE && input.files && input.files.length) { send(input); }
    }, true);
}());
