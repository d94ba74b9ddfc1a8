extension Templates {
    /// Plain, readable on a phone, high contrast; no web fonts.
    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#fff}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#ffdd00;padding:.5rem;z-index:9}
        header.top{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.75rem 1rem;background:#1d3557;color:#fff}
        header.top a{color:#fff}.brand{font-weight:700;font-size:1.2rem}
        header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        .logout{margin-left:auto;display:flex;gap:.5rem;align-items:center}.who{opacity:.9}
        main{max-width:70rem;margin:0 auto;padding:1rem}
        h1{font-size:1.75rem;margin:.5rem 0 1rem}h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
        a{color:#1d4ed8}a:focus,button:focus,input:focus,select:focus{outline:3px solid #ffbf47;outline-offset:1px}
        .muted,.hint{color:#505a5f}.count{background:#e5e7eb;border-radius:1rem;padding:0 .6rem;font-size:1rem}
        ul.todo,ul.issues{padding-left:1.2rem}ul.todo li,ul.issues li{margin:.35rem 0}
        .due{font-variant-numeric:tabular-nums;background:#fff3cd;padding:0 .3rem}
        li.error,p.error{color:#b00020}li.warning{color:#7a4b00}
        .notice{background:#e8f4fd;border-left:4px solid #1d4ed8;padding:.5rem 1rem}
        table.records{border-collapse:collapse;width:100%;margin:.5rem 0}
        table.records th,table.records td{border-bottom:1px solid #d0d7de;padding:.4rem .5rem;text-align:left;vertical-align:top}
        tr.error td{color:#b00020}tr.history td{font-size:.9rem;color:#505a5f}
        form.stack{display:flex;flex-direction:column;gap:.4rem;max-width:36rem}form.narrow{max-width:22rem}
        form.inline{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
        input,select{font:inherit;padding:.45rem;border:2px solid #505a5f;border-radius:4px;max-width:100%}
        input.copy{width:100%;font-family:ui-monospace,monospace;font-size:.9rem}
        button{font:inherit;padding:.5rem 1rem;border:0;border-radius:4px;background:#00703c;color:#fff;cursor:pointer}
        button.secondary{background:#e5e7eb;color:#1b1b1b}
        header .logout button{background:#fff;color:#1d3557;padding:.25rem .75rem}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}
        dl.tree{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.15rem 1rem;margin:0;border-left:2px solid #e5e7eb;padding-left:.75rem}
        dl.tree dt{font-weight:600}dl.tree dd{margin:0}dl.tree ol{margin:0;padding-left:1.2rem}
        fieldset.pad{border:2px solid #505a5f;border-radius:4px;padding:.5rem}
        canvas#signature-pad{display:block;width:100%;max-width:600px;height:auto;aspect-ratio:3/1;border:1px dashed #505a5f;background:#fafafa;touch-action:none}
        .check{display:flex;gap:.5rem;align-items:flex-start}.check input{margin-top:.35rem;width:1.25rem;height:1.25rem}
        form.wide{max-width:48rem}.field{display:flex;flex-direction:column;gap:.2rem;margin:.3rem 0}
        .field.invalid input{border-color:#b00020}.field span.error{color:#b00020}.field span.warning{color:#7a4b00}
        .field label{font-weight:600}.field .hint{font-size:.9rem}
        input,select,textarea{font:inherit;padding:.45rem;border:2px solid #505a5f;border-radius:4px;max-width:100%}
        textarea{width:100%}input.short{max-width:10rem}.field.invalid select,.field.invalid textarea{border-color:#b00020}
        .record-form fieldset{border:1px solid #d0d7de;border-radius:4px;padding:.5rem .75rem;margin:.5rem 0}
        .record-form fieldset legend{font-weight:700;padding:0 .25rem}.record-form fieldset.row{background:#f8f9fa}
        .record-form fieldset.new{border-style:dashed;background:#fff}.days label{margin-right:.5rem}
        iframe.preview{width:100%;height:80vh;border:1px solid #d0d7de}progress{width:100%;max-width:36rem;height:1.25rem}
        a.button{display:inline-block;padding:.5rem 1rem;border-radius:4px;background:#00703c;color:#fff;text-decoration:none}
        dd,td,li{overflow-wrap:break-word}
        .error-summary{border:3px solid #b00020;padding:.25rem 1rem;margin:.5rem 0 1rem}.error-summary p{color:#b00020;font-weight:600}
        @media (max-width:40rem){table.stacked{display:block}table.stacked tbody{display:block}table.stacked thead{display:none}table.stacked tr{display:flex;flex-wrap:wrap;gap:.25rem .75rem;border-bottom:1px solid #d0d7de;padding:.4rem 0}table.stacked td{border:0;padding:0}dl.tree{grid-template-columns:1fr}dl.tree dd{margin-left:.5rem}table.records{display:block;overflow-x:auto}dl.facts{grid-template-columns:1fr}table.records{font-size:.95rem}.logout{margin-left:0}}
        """

    /// Draws on the canvas with pointer events and, on submit, puts the drawing into the
    /// hidden `signature` field as a PNG data URL. Without it the typed name is the signature.
    static let signaturePad = """
        (function () {
          var canvas = document.getElementById('signature-pad');
          var field = document.getElementById('signature');
          var form = document.getElementById('sign-form');
          if (!canvas || !field || !form) return;
          var context = canvas.getContext('2d');
          context.lineWidth = 3; context.lineCap = 'round'; context.strokeStyle = '#111';
          var drawing = false, drawn = false;
          function point(event) {
            var box = canvas.getBoundingClientRect();
            return { x: (event.clientX - box.left) * canvas.width / box.width, y: (event.clientY - box.top) * canvas.height / box.height };
          }
          canvas.addEventListener('pointerdown', function (event) {
            drawing = true; canvas.setPointerCapture(event.pointerId);
            var p = point(event); context.beginPath(); context.moveTo(p.x, p.y);
            event.preventDefault();
          });
          canvas.addEventListener('pointermove', function (event) {
            if (!drawing) return;
            var p = point(event); context.lineTo(p.x, p.y); context.stroke(); drawn = true;
            event.preventDefault();
          });
          function stop() { drawing = false; }
          canvas.addEventListener('pointerup', stop);
          canvas.addEventListener('pointercancel', stop);
          document.getElementById('clear-signature').addEventListener('click', function () {
            context.clearRect(0, 0, canvas.width, canvas.height); drawn = false; field.value = '';
          });
          form.addEventListener('submit', function () { field.value = drawn ? canvas.toDataURL('image/png') : ''; });
        })();
        """
}
